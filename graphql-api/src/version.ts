// Read at run time so the version has one source: the package.json next to src/ and dist/.
export const VERSION: string = require('../package.json').version;
