import { getSceneApp } from './App';

describe('the app', () => {
  it('has the seven pages and the Admin page, at the routes plugin.json lists', () => {
    const pages = getSceneApp().state.pages;
    expect(pages.map((p) => [p.state.title, p.state.url])).toEqual([
      ['Overview', '/a/agentmon-app/overview'],
      ['Users', '/a/agentmon-app/users'],
      ['Tools', '/a/agentmon-app/tools'],
      ['Agents', '/a/agentmon-app/agents'],
      ['DAGs', '/a/agentmon-app/dags'],
      ['Planner', '/a/agentmon-app/planner'],
      ['Fleet', '/a/agentmon-app/fleet'],
      ['Admin', '/a/agentmon-app/admin'],
    ]);
    const includes = require('../../plugin.json').includes.filter((i: { type: string }) => i.type === 'page');
    expect(
      includes.map((i: { name: string; path: string }) => [i.name, i.path.replace('%PLUGIN_ID%', 'agentmon-app')])
    ).toEqual(pages.map((p) => [p.state.title, p.state.url]));
  });
});
