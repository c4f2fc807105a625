/**
 * The profile names a cluster stack exports and the layers below read: which pricing profile
 * finops/ prices with, and which sizing profile components/ size charts and pods by.
 */
export const pricingProfileNames = ["laptop", "homelab", "aws"] as const;
export type PricingProfileName = (typeof pricingProfileNames)[number];

export const sizingProfileNames = ["laptop", "hub"] as const;
export type SizingProfile = (typeof sizingProfileNames)[number];
