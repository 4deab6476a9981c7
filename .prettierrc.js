module.exports = {
  // One format for every workspace: the one Grafana's plugin scaffolding provides.
  ...require('./grafana-plugin/.config/.prettierrc.js'),
};
