/**
 * Every column pair that shows a person: `shown` holds the name (the platform id when the user has
 * none), `id` the platform id, which table panels hide and show on hover (see scenes/panels.ts).
 * Kept apart from shapes.ts so page specs read it without loading @grafana/data.
 * A UserRow's shown column is not "name": the error list's "name" is an agent or tool.
 */
export const PEOPLE = [
  { id: 'userId', name: 'name', shown: 'userName' },
  // An ActivityItem's user is the id and its userName the name; shown apart from the Users table's userName.
  { id: 'user', name: 'userName', shown: 'person' },
  ...['user', 'triggeredBy', 'decidedBy'].map((object) => ({
    id: `${object}.externalId`,
    name: `${object}.name`,
    shown: `${object}.name`,
  })),
];
