/**
 * samples/kubernetes/ as its test reads it: the Kubernetes manifests (the
 * fields the sample relies on), the Dockerfile's final stage, and the literal
 * values of the context files as a pod's environment resolves them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { readContext } from '../../src/config/readContext.js';
import { root } from '../helpers/nodeProcess.js';

export const sampleDir = join(root, 'samples', 'kubernetes');

export interface HttpProbe {
  readonly httpGet?: { readonly path?: string; readonly port?: string | number };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly ports?: readonly {
    readonly name?: string;
    readonly containerPort: number;
    readonly protocol?: string;
  }[];
  readonly readinessProbe?: HttpProbe;
  readonly livenessProbe?: HttpProbe;
  readonly securityContext?: { readonly runAsNonRoot?: boolean };
}

export interface Deployment {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
    readonly template: {
      readonly metadata: { readonly labels: Readonly<Record<string, string>> };
      readonly spec: {
        readonly containers: readonly Container[];
        readonly terminationGracePeriodSeconds?: number;
      };
    };
  };
}

export interface Service {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly clusterIP?: string;
    readonly publishNotReadyAddresses?: boolean;
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly {
      readonly name?: string;
      readonly port: number;
      readonly targetPort?: string | number;
      readonly protocol?: string;
    }[];
  };
}

/** The text of a manifest of `samples/kubernetes/k8s/`, parsed, after checking it is of `kind`. */
function manifest(file: string, kind: string): unknown {
  const document = parse(readFileSync(join(sampleDir, 'k8s', file), 'utf8')) as { kind?: unknown } | null;
  assert.equal(document?.kind, kind, file);
  return document;
}

/** `k8s/deployment.yaml`. */
export function deploymentManifest(): Deployment {
  return manifest('deployment.yaml', 'Deployment') as Deployment;
}

/** `k8s/service.yaml`. */
export function serviceManifest(): Service {
  return manifest('service.yaml', 'Service') as Service;
}

/** One instruction of a Dockerfile: its keyword (upper case) and the rest of the line. */
export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
}

/** The instructions of the Dockerfile's final stage (after its last `FROM`), continuation lines joined. */
export function finalStage(): DockerInstruction[] {
  const text = readFileSync(join(sampleDir, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const instructions = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.search(/\s/);
      return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
  const from = instructions.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  return instructions.slice(from);
}

/** The literal values of object `id`'s properties in `file`, placeholders resolved from `env` only. */
export async function literalProperties(
  file: string,
  id: string,
  env: Readonly<Record<string, string>>,
): Promise<Map<string, unknown>> {
  const context = await readContext([join(sampleDir, file)], { env, settings: {} });
  const definition = context.objects.get(id);
  assert.ok(definition !== undefined, `${file} defines ${id}`);
  const values = new Map<string, unknown>();
  for (const property of definition.properties) {
    const value = property.value;
    if (value.kind === 'literal') values.set(property.name, value.value);
    if (value.kind === 'list') {
      values.set(
        property.name,
        value.items.map((item) => (item.kind === 'literal' ? item.value : undefined)),
      );
    }
  }
  return values;
}

/** The class names (`module#Export`) of every object in `file`. */
export async function classNames(file: string): Promise<string[]> {
  const context = await readContext([join(sampleDir, file)], { env: {}, settings: {} });
  return [...context.objects.values()].flatMap((definition) =>
    definition.className === undefined ? [] : [definition.className],
  );
}
