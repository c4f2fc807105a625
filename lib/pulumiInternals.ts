/**
 * Functions of the pinned @pulumi/pulumi (3.248.0) that its JavaScript exports but its typings
 * mark internal. Declared once here with their real signatures, so callers import them typed
 * instead of reaching through `any`; test/lib/pulumiInternals.test.ts fails if a bump drops them.
 */
declare module "@pulumi/pulumi/runtime/config" {
  /** Whether the engine marked a full config key (`lab:kubeconfig`) secret. */
  export function isConfigSecret(k: string): boolean;
}

declare module "@pulumi/pulumi/runtime/settings" {
  /** Resolves once every RPC the program started (registrations included) has been answered. */
  export function waitForRPCs(): Promise<void>;
}

declare module "@pulumi/pulumi/output" {
  interface OutputInstance<T> {
    /** False while the value is unknown (a preview of a value only the engine will know). */
    readonly isKnown: Promise<boolean>;
    /** The value, once known; what `apply` hands its callback. */
    promise(withUnknowns?: boolean): Promise<T>;
  }
}

export {};
