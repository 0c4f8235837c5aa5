import { describe, expect, it } from 'vitest';
import { byNode, levelRanker } from './AgreementsPage';

describe('byNode', () => {
  const items = [
    { nodeLevel: 'client', nodeValue: 'BETA' },
    { nodeLevel: 'division', nodeValue: 'Logistics' },
    { nodeLevel: 'zone', nodeValue: 'North' },
    { nodeLevel: 'country', nodeValue: 'AU' },
    { nodeLevel: 'client', nodeValue: 'ACME' },
  ];
  const order = (groups: { level: string; value: string }[]) => groups.map((g) => `${g.level}=${g.value}`);

  it('orders nodes by the configured hierarchy (hierarchyLevels), unknown levels last', () => {
    const rank = levelRanker(['country', 'division', 'client']);
    expect(order(byNode(items, rank))).toEqual(['country=AU', 'division=Logistics', 'client=ACME', 'client=BETA', 'zone=North']);
  });

  it('falls back to the default hierarchy, where a custom level is unknown', () => {
    expect(order(byNode(items))).toEqual(['country=AU', 'client=ACME', 'client=BETA', 'division=Logistics', 'zone=North']);
  });
});
