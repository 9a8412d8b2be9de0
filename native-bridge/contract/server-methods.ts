/**
 * Settings → Server access: how the station's HTTP API is reached (address, whether a token is
 * required), its access token (generated on first use, rotatable) and the other web origins allowed
 * to drive it. Answered by the HTTP server serving this core; without one (the desktop app with the API
 * off) `serving` is false.
 */
import { z } from 'zod';
import { method } from './method.js';

/** `scheme://host[:port]`, as a browser sends it in the Origin header. */
export const webOriginSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/, {
    message: 'an origin is scheme://host[:port], e.g. http://dashboard.local:3000',
  });

export const serverAccessSchema = z.object({
  serving: z.boolean(),
  /** The address the page is served on, e.g. http://127.0.0.1:8787/. */
  url: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  /** Bound to loopback only: nothing on the network can reach it. */
  loopbackOnly: z.boolean(),
  /** The page and the API need the token (any address beyond loopback, or STATION_TOKEN set). */
  tokenRequired: z.boolean(),
  /** The token: network ingest always needs it. */
  token: z.string().nullable(),
  /** `environment`: STATION_TOKEN (not rotatable here); `generated`: kept in the data folder. */
  tokenSource: z.enum(['environment', 'generated']).nullable(),
  tokenCreatedAtMs: z.number().nullable(),
  /** Pages of these origins may drive the station besides its own page. */
  allowedOrigins: z.array(webOriginSchema),
  /** Where a WiFi rig posts its protocol v1 lines. */
  ingestUrl: z.string().nullable(),
});
export type ServerAccessInfo = z.infer<typeof serverAccessSchema>;

export const SERVER_METHODS = {
  getServerAccess: method(z.object({}).strict(), serverAccessSchema),
  /** A new token; the old one stops working at once (pages logged in with it must log in again). */
  rotateServerToken: method(z.object({}).strict(), serverAccessSchema),
  setAllowedOrigins: method(z.object({ origins: z.array(webOriginSchema).max(20) }).strict(), serverAccessSchema),
};
