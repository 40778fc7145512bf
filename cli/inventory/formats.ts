/** Inventory formats: one module per format exporting an `InventoryRenderer`, listed here. */
import type { Inventory } from "./model";
import { csvInventory } from "./format/csv";
import { htmlInventory } from "./format/html";
import { jsonInventory } from "./format/json";
import { markdownInventory } from "./format/markdown";
import { textInventory } from "./format/text";

export interface InventoryRenderer {
    name: string;
    summary: string;
    render(inv: Inventory, opts: { color: boolean }): string;
}

const RENDERERS: InventoryRenderer[] = [textInventory, jsonInventory, csvInventory, markdownInventory, htmlInventory];

export const inventoryFormatNames = (): string[] => RENDERERS.map((r) => r.name);

export function inventoryRendererFor(name: string): InventoryRenderer | undefined {
    return RENDERERS.find((r) => r.name === name);
}
