import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

const PROTO_FILE = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';

/** graphql-api/proto: the official OTLP definitions, vendored (see proto/VERSION). Found from src/, dist/ or dist-bench/. */
function protoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'proto');
    if (fs.existsSync(path.join(candidate, PROTO_FILE))) return candidate;
  }
  throw new Error(`the OTLP definitions (proto/${PROTO_FILE}) were not found above ${__dirname}`);
}

function load(): protobuf.Root {
  const root = new protobuf.Root();
  const base = protoRoot();
  root.resolvePath = (_origin, target) => path.join(base, target);
  root.loadSync(PROTO_FILE, { keepCase: false });
  // google.rpc.Status, the body of an OTLP error answer: three fields, defined here rather than vendored.
  root.add(
    new protobuf.Namespace('google').add(
      new protobuf.Namespace('rpc').add(
        new protobuf.Type('Status')
          .add(new protobuf.Field('code', 1, 'int32'))
          .add(new protobuf.Field('message', 2, 'string'))
      )
    )
  );
  root.resolveAll();
  return root;
}

const root = load();
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'
);
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'
);
export const RpcStatus = root.lookupType('google.rpc.Status');

/**
 * The request as protobufjs decodes it, read as it is (no copy into plain objects): a field that
 * was sent is an own property (64-bit integers as Longs, bytes as Buffers); one that was not is
 * the prototype's default, which readExportRequest does not look at.
 */
export function decodeExportRequest(body: Uint8Array): unknown {
  return ExportTraceServiceRequest.decode(body);
}
