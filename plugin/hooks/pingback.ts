/**
 * Pingback 1.0 over XML-RPC: `pingback.ping(source, target)`. Every answer is XML-RPC (HTTP 200), faults
 * included; the parser accepts no DTD and expands no entities beyond XML's five and character references.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MentionReceiver, MentionRefusal } from '../mentions/receive-mention.js';
import { decodeEntities } from '../mentions/verify-link.js';

export const PINGBACK_FAULTS = {
  generic: 0,
  sourceMissing: 16,
  noLink: 17,
  targetMissing: 32,
  targetClosed: 33,
  alreadyRegistered: 48,
  accessDenied: 49,
  parseError: -32700,
  unknownMethod: -32601,
  badParams: -32602,
} as const;

const FAULT_FOR: Record<MentionRefusal, number> = {
  'source-invalid': 16,
  'source-missing': 16,
  'source-gone': 16,
  'no-link': 17,
  'target-invalid': 32,
  'target-missing': 32,
  'target-not-ours': 33,
  'target-closed': 33,
  'same-url': 0,
  'already-registered': 48,
  'source-refused': 49,
};

export type XmlRpcValue = string | number | boolean;
export type MethodCall = { ok: true; methodName: string; params: XmlRpcValue[] } | { ok: false; message: string };

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  maxNestedTags: 32,
  isArray: (_name, jpath) => jpath === 'methodCall.params.param',
});

const SCALARS = ['string', 'i4', 'int', 'double', 'boolean', 'base64', 'dateTime.iso8601'] as const;

function scalar(value: unknown): XmlRpcValue | undefined {
  if (value === '' || value === undefined || value === null) return '';
  if (typeof value === 'string') return decodeEntities(value);
  if (typeof value !== 'object') return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [type, raw] = entries[0]!;
  if (!(SCALARS as readonly string[]).includes(type) || (raw !== '' && typeof raw !== 'string')) return undefined;
  const text = decodeEntities(raw);
  if (type === 'int' || type === 'i4' || type === 'double') return Number(text);
  if (type === 'boolean') return text === '1';
  return text;
}

/** Parses an XML-RPC methodCall with scalar parameters. Never throws. */
export function parseMethodCall(xml: string): MethodCall {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, message: 'parse error. DTDs and entity declarations are not accepted' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, message: `parse error. not well formed: ${valid.err.msg}` };
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    return { ok: false, message: `parse error. ${(error as Error).message}` };
  }
  const call = (doc as { methodCall?: { methodName?: unknown; params?: { param?: { value?: unknown }[] } | '' } }).methodCall;
  if (!call || typeof call.methodName !== 'string' || !call.methodName) return { ok: false, message: 'parse error. not an XML-RPC methodCall' };
  const params: XmlRpcValue[] = [];
  for (const param of (typeof call.params === 'object' ? call.params.param : undefined) ?? []) {
    const value = scalar(param?.value);
    if (value === undefined) return { ok: false, message: 'parse error. only scalar parameters are accepted' };
    params.push(value);
  }
  return { ok: true, methodName: decodeEntities(call.methodName), params };
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function faultXml(code: number, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<methodResponse><fault><value><struct>
<member><name>faultCode</name><value><int>${code}</int></value></member>
<member><name>faultString</name><value><string>${xmlEscape(message)}</string></value></member>
</struct></value></fault></methodResponse>
`;
}

export function responseXml(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<methodResponse><params><param><value><string>${xmlEscape(message)}</string></value></param></params></methodResponse>
`;
}

export interface PingbackHookOptions {
  receiver: MentionReceiver;
  /** Largest request body accepted, in bytes. Defaults to 65536. */
  maxXmlBytes: number;
}

/** The POST handler for the XML-RPC endpoint, with its own body parser and error answer. */
export function createPingbackHandlers(options: PingbackHookOptions): (RequestHandler | ErrorRequestHandler)[] {
  const send = (res: express.Response, xml: string) => res.status(200).type('text/xml; charset=utf-8').send(xml);
  const readBody = express.text({ type: () => true, limit: options.maxXmlBytes, defaultCharset: 'utf-8' });

  const handle: RequestHandler = async (req, res, next) => {
    try {
      const body = typeof req.body === 'string' ? req.body : '';
      const call = parseMethodCall(body);
      if (!call.ok) return void send(res, faultXml(PINGBACK_FAULTS.parseError, call.message));
      if (call.methodName !== 'pingback.ping') {
        return void send(res, faultXml(PINGBACK_FAULTS.unknownMethod, `server error. requested method ${call.methodName} does not exist.`));
      }
      const [source, target] = call.params;
      if (call.params.length !== 2 || typeof source !== 'string' || typeof target !== 'string') {
        return void send(res, faultXml(PINGBACK_FAULTS.badParams, 'pingback.ping takes two strings: the source URI and the target URI.'));
      }
      const outcome = await options.receiver.receive({
        type: 'pingback', source: source.trim(), target: target.trim(), ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '', onRepeat: 'refuse',
      });
      if (!outcome.ok) return void send(res, faultXml(FAULT_FOR[outcome.refusal], outcome.message));
      const { verdict } = outcome.result;
      const held = verdict.status === 'approved' ? '' : ` It is ${verdict.status === 'pending' ? 'held for review' : 'not published'}.`;
      req.moderation = { ...outcome.result, receipt: outcome.result.submission.receipt };
      send(res, responseXml(`Pingback from ${source} to ${target} registered.${held}`));
    } catch (error) {
      next(error);
    }
  };

  const answerErrors: ErrorRequestHandler = (error: { type?: string; status?: number; message?: string }, _req, res, _next) => {
    const tooLarge = error.type === 'entity.too.large' || error.status === 413;
    send(res, faultXml(tooLarge ? PINGBACK_FAULTS.parseError : PINGBACK_FAULTS.generic,
      tooLarge ? `parse error. request larger than ${options.maxXmlBytes} bytes` : 'server error. the pingback could not be processed'));
  };

  return [readBody, handle, answerErrors];
}
