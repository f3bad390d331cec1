/**
 * The quantities of a take-profit ladder (pure): each level gets its share of
 * the position rounded DOWN to the lot step, and the last level takes what
 * rounding left over, so the levels add up to exactly the covered quantity
 * (the whole position when the shares add up to 100%) and each is on the step.
 */
import Decimal from 'decimal.js';
import { roundDownToStep } from '../position-sizing';

/**
 * `sizes` in percent (sum ≤ 100). Answers one quantity per level; a level
 * may come out 0 when the position is too small to split (the caller refuses).
 */
export function ladderQuantities(total: Decimal, sizes: readonly Decimal[], step: Decimal): Decimal[] {
  if (sizes.length === 0) return [];
  const sum = sizes.reduce((a, b) => a.add(b), new Decimal(0));
  if (sum.gt(100)) throw new Error(`take profit sizes add up to ${sum.toString()}% (more than 100%)`);
  // What the ladder covers: all of it at 100%, else the share rounded down to the step.
  const covered = sum.eq(100) ? total : roundDownToStep(total.mul(sum).div(100), step);
  const quantities = sizes.slice(0, -1).map((size) => roundDownToStep(total.mul(size).div(100), step));
  const assigned = quantities.reduce((a, b) => a.add(b), new Decimal(0));
  return [...quantities, covered.sub(assigned)];
}
