import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyRound } from "./common.mjs";

test("a round of one version is one snapshot", () => {
  assert.equal(classifyRound([4, 4, 4, 4, 4, 4, 4]), "one");
});

test("a round whose organization committed between two reads steps up once", () => {
  assert.equal(classifyRound([4, 4, 4, 5, 5, 5, 5]), "across");
});

test("a later type older than an earlier one is a mix", () => {
  assert.equal(classifyRound([5, 5, 4, 5, 5, 5, 5]), "mixed");
});

test("two steps in one round are a mix (no organization commits twice in a round)", () => {
  assert.equal(classifyRound([4, 5, 5, 6, 6, 6, 6]), "mixed");
});
