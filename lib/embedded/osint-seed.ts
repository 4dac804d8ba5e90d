import pg from "pg";

// The demo protected database: the Enterprise OSINT Platform's `osint_audit`, with the
// five tables of its DR roadmap filled with generated but realistic rows. Deterministic
// (setseed) so that two fresh installs hold the same data.
export const osintSchemaSql = `
CREATE SCHEMA audit;

CREATE TABLE audit.investigations (
  id SERIAL PRIMARY KEY,
  target TEXT NOT NULL,
  target_type TEXT NOT NULL CHECK (target_type IN ('domain', 'ip')),
  investigation_type TEXT NOT NULL,
  status TEXT NOT NULL,
  analyst TEXT NOT NULL,
  findings JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL,
  completed_at TIMESTAMPTZ
);

CREATE TABLE audit.api_key_usage (
  id BIGSERIAL PRIMARY KEY,
  api_key_id TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  method TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response_ms INTEGER NOT NULL,
  used_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit.events (
  id BIGSERIAL PRIMARY KEY,
  event_type TEXT NOT NULL,
  actor TEXT NOT NULL,
  source_ip INET,
  details JSONB NOT NULL DEFAULT '{}',
  occurred_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit.compliance_assessments (
  id SERIAL PRIMARY KEY,
  framework TEXT NOT NULL,
  control_id TEXT NOT NULL,
  status TEXT NOT NULL,
  assessor TEXT NOT NULL,
  notes TEXT,
  assessed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit.recovery_events (
  id SERIAL PRIMARY KEY,
  event_type VARCHAR(50) NOT NULL,
  event_timestamp TIMESTAMP DEFAULT NOW(),
  recovery_id UUID NOT NULL,
  component VARCHAR(100),
  status VARCHAR(20),
  duration_seconds INTEGER,
  data_recovered_gb DECIMAL(10,2),
  operator VARCHAR(100),
  notes TEXT
);

CREATE INDEX ON audit.investigations (created_at);
CREATE INDEX ON audit.events (occurred_at);
`;

export const osintDataSql = `
SELECT setseed(0.42);

INSERT INTO audit.investigations (target, target_type, investigation_type, status, analyst, findings, created_at, completed_at)
SELECT
  CASE WHEN i % 3 = 0
    THEN (10 + i % 200) || '.' || (i * 7 % 256) || '.' || (i * 13 % 256) || '.' || (1 + i % 254)
    ELSE (ARRAY['acme','globex','initech','umbrella','hooli','vandelay','stark','wayne'])[1 + i % 8]
         || '-' || (i % 1500) || (ARRAY['.com','.net','.io','.org','.co.uk'])[1 + i % 5]
  END,
  CASE WHEN i % 3 = 0 THEN 'ip' ELSE 'domain' END,
  (ARRAY['basic','comprehensive','threat_assessment','infrastructure'])[1 + i % 4],
  (ARRAY['completed','completed','completed','failed','running'])[1 + i % 5],
  'analyst' || (1 + i % 25) || '@osint.example',
  jsonb_build_object('risk_score', round((random() * 100)::numeric, 1), 'sources', 1 + (random() * 12)::int),
  now() - make_interval(mins => (10000 - i) * 13),
  CASE WHEN i % 5 = 4 THEN NULL ELSE now() - make_interval(mins => (10000 - i) * 13 - 7) END
FROM generate_series(1, 10000) AS i;

INSERT INTO audit.api_key_usage (api_key_id, endpoint, method, status_code, response_ms, used_at)
SELECT
  'key_' || lpad((1 + i % 40)::text, 3, '0'),
  (ARRAY['/api/investigations','/api/reports','/api/mcp/servers','/api/system/status','/api/targets'])[1 + i % 5],
  (ARRAY['GET','GET','POST','GET'])[1 + i % 4],
  (ARRAY[200,200,200,201,400,401,404,500])[1 + i % 8],
  20 + (random() * 900)::int,
  now() - make_interval(secs => (20000 - i) * 97)
FROM generate_series(1, 20000) AS i;

INSERT INTO audit.events (event_type, actor, source_ip, details, occurred_at)
SELECT
  (ARRAY['login','logout','investigation.created','investigation.completed','report.generated','api_key.used','settings.changed','export.requested'])[1 + i % 8],
  'user' || (1 + i % 120) || '@osint.example',
  ('10.' || (i % 200) || '.' || (i * 3 % 256) || '.' || (1 + i % 254))::inet,
  jsonb_build_object('request_id', md5(i::text), 'user_agent', 'osint-client/' || (1 + i % 4) || '.0'),
  now() - make_interval(secs => (100000 - i) * 26)
FROM generate_series(1, 100000) AS i;

INSERT INTO audit.compliance_assessments (framework, control_id, status, assessor, notes, assessed_at)
SELECT
  (ARRAY['GDPR','SOC2'])[1 + i % 2],
  CASE WHEN i % 2 = 0 THEN 'Art.' || (5 + i % 45) ELSE 'CC' || (1 + i % 9) || '.' || (1 + i % 5) END,
  (ARRAY['compliant','compliant','partially_compliant','non_compliant'])[1 + i % 4],
  'compliance' || (1 + i % 3) || '@osint.example',
  CASE WHEN i % 4 = 3 THEN 'Remediation plan due within 30 days.' END,
  now() - make_interval(days => (500 - i))
FROM generate_series(1, 500) AS i;

INSERT INTO audit.recovery_events (event_type, event_timestamp, recovery_id, component, status, duration_seconds, data_recovered_gb, operator, notes)
SELECT
  (ARRAY['drill.restore','drill.failover'])[1 + i % 2],
  (now() - make_interval(days => 30 * i))::timestamp,
  md5('recovery' || i)::uuid,
  (ARRAY['postgresql-database','backend-api','frontend-service'])[1 + i % 3],
  'completed',
  600 + i * 60,
  round((1.5 + i * 0.1)::numeric, 2),
  'dr-coordinator@osint.example',
  'Quarterly DR test ' || i
FROM generate_series(1, 12) AS i;

ANALYZE;
`;

export async function seedOsintDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(osintSchemaSql);
    await client.query(osintDataSql);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}
