import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { read, readYaml, ROOT, variablesIn } from './files';

/**
 * No Docker engine runs in CI, so the deployment is checked statically: docker-compose.yml against
 * the Compose Specification's schema, and what it and the Dockerfile refer to against the repository.
 *
 * compose-spec.json is schema/compose-spec.json of github.com/compose-spec/compose-spec at commit
 * 170098ba07d9f53c383a41bfd4c5166b0a4529a6 (2026-06-23), unchanged.
 */
const compose = readYaml('docker-compose.yml');
const env = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'compose-spec.json'), 'utf8'));
    delete schema.$schema; // draft-07 under an https id Ajv does not know; Ajv's default draft is 07
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('starts the API only once MySQL is healthy, on MySQL with a volume, and Grafana once the API is', () => {
    const { mysql, api, grafana, prometheus } = compose.services;
    expect(mysql.image).toMatch(/^mysql:8\.\d+$/);
    expect(mysql.healthcheck.test.join(' ')).toMatch(/mysqladmin ping/);
    expect(mysql.volumes).toContain('mysql-data:/var/lib/mysql');
    expect(api.depends_on.mysql).toEqual({ condition: 'service_healthy' });
    expect(api.environment.DATABASE_URL).toMatch(/^mysql:\/\/agentmon:\$\{MYSQL_PASSWORD\}@mysql:3306\/agentmon$/);
    expect(grafana.depends_on.api).toEqual({ condition: 'service_healthy' });
    expect(grafana.image).toMatch(/^grafana\/grafana:1[23]\.\d+\.\d+$/);
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
  });

  it('mounts the built plugin under the app id and the provisioning folders that exist', () => {
    const app = readYaml('grafana-plugin/src/plugin.json').id;
    const datasource = readYaml('grafana-plugin/src/datasource/plugin.json').id;
    const { grafana } = compose.services;
    expect(grafana.volumes).toContain(`./grafana-plugin/dist:/var/lib/grafana/plugins/${app}:ro`);
    expect(grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',').sort()).toEqual(
      [app, datasource].sort()
    );
    for (const volume of Object.values(compose.services).flatMap((service: any) => service.volumes ?? []) as string[]) {
      const source = volume.split(':')[0];
      if (source.startsWith('./') && source !== './grafana-plugin/dist')
        expect({ volume, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ volume, exists: true });
    }
  });

  it('gives Grafana only the READ token the API ensures, never the admin token', () => {
    const { api, grafana } = compose.services;
    expect(api.environment.AGENTMON_GRAFANA_TOKEN).toMatch(/^\$\{AGENTMON_GRAFANA_TOKEN:\?/);
    expect(grafana.environment.AGENTMON_API_TOKEN).toMatch(/^\$\{AGENTMON_GRAFANA_TOKEN:\?/);
    expect(JSON.stringify(grafana)).not.toContain('AGENTMON_ADMIN_TOKEN');
    expect(env.AGENTMON_GRAFANA_TOKEN).not.toBe(env.AGENTMON_ADMIN_TOKEN);
  });

  it('takes every setting from .env: each variable it needs is in .env.example, with placeholders, and .env is git-ignored', () => {
    const required = [...read('docker-compose.yml').matchAll(/\$\{([A-Z_]+):\?/g)].map((match) => match[1]);
    for (const name of new Set([...required, ...variablesIn(read('docker-compose.yml'))]))
      expect({ name, inExample: name in env }).toEqual({ name, inExample: true });
    for (const name of Object.keys(env).filter((key) => /PASSWORD|TOKEN/.test(key) && env[key]))
      expect({ name, value: env[name] }).toEqual({ name, value: expect.stringMatching(/^change-me/) });
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});

describe('graphql-api/Dockerfile', () => {
  const dockerfile = read('graphql-api/Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs as a non-root user from an LTS Node image in another', () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=(20|22|24)$/m);
    expect(stages.map((stage) => stage.split('\n')[0])).toEqual([
      'node:${NODE_VERSION}-bookworm-slim AS build',
      'node:${NODE_VERSION}-bookworm-slim',
    ]);
    expect(stages[0]).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(stages[0]).toMatch(/npm ci --workspace graphql-api/);
    expect(stages[1]).toMatch(/^USER node$/m);
    expect(stages[1]).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    // docker-compose.yml's "service_healthy" on the api service rests on this healthcheck.
    expect(stages[1]).toMatch(/^HEALTHCHECK [\s\S]*\/ready/m);
  });

  it('copies only files that exist in the build context (the repository root)', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1].split(' '));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources)
      expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
    expect(compose.services.api.build).toEqual({ context: '.', dockerfile: 'graphql-api/Dockerfile' });
  });
});
