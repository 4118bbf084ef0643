import { Card, Metric, Text } from '@tremor/react';
import { Num } from '@/components/ui/formatted';

export interface TotalsCardsProps {
  /** `key` names the card for tests when its label changes with the data ("Texts sent", "Calls placed"). */
  items: { label: string; value: number; hint?: string; key?: string }[];
}

export function TotalsCards({ items }: TotalsCardsProps) {
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {items.map((item) => (
        <Card key={item.label} data-testid={`kpi-${item.key ?? item.label.toLowerCase().replace(/\s+/g, '-')}`}>
          <Text>{item.label}</Text>
          <Metric><Num value={item.value} /></Metric>
          {item.hint && <Text className="mt-1 text-xs">{item.hint}</Text>}
        </Card>
      ))}
    </div>
  );
}
