// Imported first by the benchmarks: they measure the API as deployed (the Dockerfile sets
// NODE_ENV=production), which matters to graphql-js, whose development build checks every
// instanceof across realms.
process.env.NODE_ENV ??= 'production';
