/** A signed-in admin over a fresh Doorkeep with a settable clock, for the admin route tests. */
import type { Doorkeep } from '../../plugin/index.js';
import { adminApp, makeDoorkeep, makeStored, settableClock, signedInAgent, tokenFor } from './browser.js';

export async function signedInAdmin(at = '2026-11-20T09:00:00.000Z') {
  const clock = settableClock(at);
  const dk: Doorkeep = await makeDoorkeep({ clock });
  const agent = await signedInAgent(adminApp(dk));
  const token = await tokenFor(agent);
  /** Stores a submission made from the factory's defaults and the overrides. */
  const add = async (overrides: Parameters<typeof makeStored>[0] = {}) => {
    const item = makeStored(overrides);
    await dk.store.add(item);
    return item;
  };
  const status = async (id: string) => (await dk.store.get(id))?.status;
  return { clock, dk, agent, token, add, status };
}

export type AdminSession = Awaited<ReturnType<typeof signedInAdmin>>;
