/**
 * The open-positions table, shared by the overview and the Positions page; the
 * Positions page adds an action column (its Close button) through `action`.
 */
import type { ReactNode } from 'react';
import type { Position } from '../api/types';
import { amount, signed, tone } from '../format';
import { href } from '../router';

interface PositionsTableProps {
  positions: Position[];
  caption: string;
  testId?: string;
  action?: (position: Position) => ReactNode;
}

export function PositionsTable({ positions, caption, testId, action }: PositionsTableProps) {
  return (
    <div className="table-wrap">
      <table className="stack-on-phone" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Entry
            </th>
            <th scope="col" className="num">
              Mark
            </th>
            <th scope="col" className="num">
              Unrealized PnL
            </th>
            {action && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {positions.map((p) => (
            <tr key={`${p.symbol}-${p.position_side}-${p.direction}`} data-symbol={p.symbol}>
              <th scope="row" data-label="Symbol">
                <a href={href.chart(p.symbol)}>{p.symbol}</a>
              </th>
              <td data-label="Side">
                {p.direction}
                {p.position_side !== 'BOTH' && ` (${p.position_side})`}
              </td>
              <td data-label="Quantity" className="num">
                {amount(p.quantity)}
              </td>
              <td data-label="Entry" className="num">
                {amount(p.entry_price)}
              </td>
              <td data-label="Mark" className="num">
                {amount(p.mark_price)}
              </td>
              <td data-label="Unrealized PnL" className={`num tone-${tone(p.unrealized_pnl)}`}>
                {signed(p.unrealized_pnl)}
              </td>
              {action && <td data-label="Action">{action(p)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
