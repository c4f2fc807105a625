import type { StackOutputReader } from "./stackOutputs";

/**
 * `lab report --save`: a reader that archives each stack's outputs as it reads them, so the
 * archive holds exactly what the report shows. A stack without outputs (never deployed) is not
 * archived: there is no run to keep.
 */
export function archivingReader(read: StackOutputReader, archive: (stack: string, outputs: Record<string, unknown>) => void): StackOutputReader {
  return async (stack) => {
    const outputs = await read(stack);
    if (outputs) archive(stack, outputs);
    return outputs;
  };
}
