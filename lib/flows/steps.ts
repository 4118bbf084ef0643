/** Pure edits of a flow's ordered step list; the service writes the result back with fresh positions. */
import { notFound } from '@/lib/http/errors';
import type { FlowStepInput } from '@/lib/flows/schema';

type Steps = readonly FlowStepInput[];

function indexOf(steps: Steps, stepId: string): number {
  const i = steps.findIndex((s) => s.id === stepId);
  if (i < 0) throw notFound('Flow step');
  return i;
}

const clamp = (i: number, max: number) => Math.max(0, Math.min(i, max));

export function insertStep(steps: Steps, step: FlowStepInput, at: number = steps.length): FlowStepInput[] {
  const i = clamp(at, steps.length);
  return [...steps.slice(0, i), { ...step, id: undefined }, ...steps.slice(i)];
}

export function replaceStep(steps: Steps, stepId: string, step: FlowStepInput): FlowStepInput[] {
  const i = indexOf(steps, stepId);
  return steps.map((s, j) => (j === i ? { ...step, id: stepId } : s));
}

export function moveStep(steps: Steps, stepId: string, toIndex: number): FlowStepInput[] {
  const from = indexOf(steps, stepId);
  const rest = steps.filter((_, j) => j !== from);
  const to = clamp(toIndex, rest.length);
  return [...rest.slice(0, to), steps[from], ...rest.slice(to)];
}

export function removeStep(steps: Steps, stepId: string): FlowStepInput[] {
  const i = indexOf(steps, stepId);
  return steps.filter((_, j) => j !== i);
}
