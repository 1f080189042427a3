// Loads a .cpuprofile with Chrome DevTools' own CPUProfileDataModel (the model behind the
// Performance and JavaScript Profiler panels, published as @paulirish/trace_engine) and prints,
// as one JSON line, what DevTools would show: start/end, sample count and per-function self/total
// milliseconds, both as the flame chart draws them (selfMs/totalMs, from samples + timeDeltas) and
// as the Call Tree / Bottom-Up tabs count them (treeSelfMs/treeTotalMs, from hitCount).
// Usage: node cpuprofile-check.mjs FILE.cpuprofile
import fs from 'node:fs';
import {CPUProfileDataModel} from '@paulirish/trace_engine/models/cpu_profile/CPUProfileDataModel.js';

const model = new CPUProfileDataModel(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const selfMs = {};
const totalMs = {};
model.forEachFrame(() => {}, (depth, node, index, start, duration, selfTime) => {
  const name = node.functionName || '(anonymous)';
  selfMs[name] = (selfMs[name] ?? 0) + selfTime;
  totalMs[name] = (totalMs[name] ?? 0) + duration;
});
const treeSelfMs = {};
const treeTotalMs = {};
const walk = (node) => {
  const name = node.functionName || '(anonymous)';
  treeSelfMs[name] = (treeSelfMs[name] ?? 0) + node.self;
  treeTotalMs[name] = (treeTotalMs[name] ?? 0) + node.total;
  node.children.forEach(walk);
};
model.root.children.forEach(walk);
console.log(JSON.stringify({
  startMs: model.profileStartTime,
  endMs: model.profileEndTime,
  samples: model.samples?.length ?? 0,
  totalHitCount: model.totalHitCount,
  selfMs,
  totalMs,
  treeSelfMs,
  treeTotalMs,
}));
