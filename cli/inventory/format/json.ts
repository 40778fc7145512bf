/** The inventory as JSON (schema version 1, docs/report-schema.md). */
import type { InventoryRenderer } from "../formats";

export const jsonInventory: InventoryRenderer = {
    name: "json",
    summary: "the inventory as JSON (docs/report-schema.md)",
    render: (inv) => JSON.stringify(inv, null, 2) + "\n",
};
