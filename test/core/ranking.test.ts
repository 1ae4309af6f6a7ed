import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog } from '../helpers/catalog';
import { rankSets } from '../../server/src/core/ranking';

test('non-mutex before mutex; among mutex sets, fewer interfaces first', () => {
  assert.equal(catalog().set(45)?.mutex, true);
  assert.equal(catalog().set(71)?.mutex, false);
  assert.deepEqual(rankSets(catalog(), [45, 71]), [71, 45]);
  // 18 and 76 are both mutex, neither needs an agreement: 76 covers far fewer interfaces.
  assert.deepEqual(rankSets(catalog(), [18, 76]), [76, 18]);
});

test('no agreement before agreement: 99 before 49 (cloud development terms)', () => {
  assert.equal(catalog().set(99)?.agreement.required, false);
  assert.equal(catalog().set(49)?.agreement.required, true);
  assert.deepEqual(rankSets(catalog(), [49, 99]), [99, 49]);
});

test('agreement sets: non-mutex 52 first, then mutex ones by breadth', () => {
  const c = catalog();
  assert.deepEqual([49, 52, 135, 157].map((id) => [c.set(id)?.mutex, c.set(id)?.agreement.required]), [[true, true], [false, true], [true, true], [true, true]]);
  assert.ok(c.interfacesOfSet(135).length < c.interfacesOfSet(157).length && c.interfacesOfSet(157).length < c.interfacesOfSet(49).length);
  assert.deepEqual(rankSets(c, [49, 52, 135, 157]), [52, 135, 157, 49]);
});

test('seed sets before outside ids before unknown ids, whatever the interface counts say', () => {
  const c = catalog();
  // 58 lists fewer interfaces than 17, but the seed does not describe it: suggest 17 first.
  assert.ok(c.interfacesOfSet(58).length < c.interfacesOfSet(17).length);
  assert.deepEqual(rankSets(c, [58, 17]), [17, 58]);
  // 3 (an Official Account set) is not mutex as far as anyone knows, 18 is: still 18 first.
  assert.deepEqual(rankSets(c, [3, 18]), [18, 3]);
  assert.deepEqual(rankSets(c, [99999, 158, 17]), [17, 158, 99999]);
});

test('then by id; duplicates dropped; empty stays empty; input untouched', () => {
  const c = catalog();
  const input = [25, 24, 60, 25];
  // 24 and 60 are outside ids listing the same interfaces: by id.
  assert.deepEqual(rankSets(c, input), [25, 24, 60]);
  assert.deepEqual(input, [25, 24, 60, 25]);
  assert.deepEqual(rankSets(c, []), []);
  assert.deepEqual(rankSets(c, [99998, 99997]), [99997, 99998]);
});
