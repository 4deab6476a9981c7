import { rangeUtil, type TimeRange } from '@grafana/data';
import { SceneTimeRangeTransformerBase, type SceneTimeRangeState } from '@grafana/scenes';

interface PanelTimeRangeState extends SceneTimeRangeState {
  /** "30d": the last 30 days. */
  timeFrom: string;
}

/** The range a relative override ("30d") stands for, now, in the given time zone. */
export function relativeRange(timeFrom: string, timeZone?: string): TimeRange {
  const raw = rangeUtil.describeTextRange(timeFrom);
  return rangeUtil.convertRawToRange({ from: raw.from, to: raw.to }, timeZone);
}

/**
 * A panel's relative time override, as Grafana's panel `timeFrom`: the panel queries the last
 * `timeFrom` whatever the page's range, and re-evaluates it whenever the page's range changes or
 * refreshes (so auto-refresh still moves it along).
 */
export class PanelTimeRange extends SceneTimeRangeTransformerBase<PanelTimeRangeState> {
  constructor({ timeFrom }: { timeFrom: string }) {
    const raw = rangeUtil.describeTextRange(timeFrom);
    super({ timeFrom, from: raw.from, to: raw.to, value: relativeRange(timeFrom) });
  }

  protected ancestorTimeRangeChanged(): void {
    this.setState({ value: relativeRange(this.state.timeFrom, this.getTimeZone()) });
  }
}
