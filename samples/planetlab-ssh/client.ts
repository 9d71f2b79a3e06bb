/**
 * The controller: redeems a ticket on a node and reads the node's slivers,
 * through a proxy from client.xml. The calls travel as XML-RPC over ssh; this
 * code cannot tell, which is the point.
 *
 *   NM_HOST=node NM_PORT=22 NM_USER=nm NM_IDENTITY=~/.ssh/nm NM_KNOWN_HOSTS=~/.ssh/known_hosts \
 *     node --import tsx client.ts client.xml
 */
import { pathToFileURL } from 'node:url';

import { ApplicationContext, Fault } from 'spindle';
import type { Remote } from 'spindle';

import type { NodeManager } from './nodeManager.js';

/** The ticket PLC's GetSliceTicket would hand the controller. */
export const SAMPLE_TICKET = '<ticket slice="princetondsl_solteszdelegated" cpu_share="4" signature="..."/>';

/** Redeems the ticket and prints what the node now holds; resolves to the printed lines. */
export async function runClient(files: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    console.log(line);
  };
  const ctx = await ApplicationContext.load(files);
  try {
    const nm = ctx.get<Remote<NodeManager>>('nodeManager');
    say(`Ticket -> ${String(await nm.Ticket(SAMPLE_TICKET))}`);
    say(`GetXIDs -> ${JSON.stringify(await nm.GetXIDs())}`);
    say(`GetRSpec -> ${JSON.stringify(await nm.GetRSpec('princetondsl_solteszdelegated'))}`);
    try {
      await nm.GetRSpec('nobody');
    } catch (error) {
      if (!(error instanceof Fault)) throw error;
      say(`GetRSpec('nobody') -> fault ${String(error.faultCode)}: ${error.faultString}`);
    }
  } finally {
    await ctx.close();
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runClient(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['client.xml']);
}
