import { expect, it } from 'vitest';
import { describeEachAdapter } from '../support/conformance/each-adapter.js';
import { checkOrder } from '../support/conformance/order-check.js';

describeEachAdapter('order strategy', (vendor, module) => {
  it(`the declared ${module.adapter.order.kind} order holds on the simulator`, () => {
    expect(checkOrder(vendor())).toEqual([]);
  });
});
