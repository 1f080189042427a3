// Loads a Trace Event JSON file with the DevTools Performance panel's own engine
// (@paulirish/trace_engine) and prints, per thread, the summed self and total milliseconds of each
// slice name in the tree DevTools builds, plus the trace bounds, as one JSON line.
// Usage: node trace-check.mjs FILE
import fs from 'node:fs';
import * as Trace from '@paulirish/trace_engine';
import {polyfillDOMRect} from '@paulirish/trace_engine/analyze-trace.mjs';

polyfillDOMRect();
const json = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const model = Trace.TraceModel.Model.createWithAllHandlers();
await model.parse(json.traceEvents ?? json);
const data = model.parsedTrace().data;
const threads = [];
for (const [pid, proc] of data.Renderer.processes) {
  for (const [tid, thread] of proc.threads) {
    const selfMs = {};
    const totalMs = {};
    const walk = (node) => {
      const name = node.entry.name;
      const dur = (node.entry.dur ?? 0) / 1000;
      const childMs = node.children.reduce((sum, c) => sum + (c.entry.dur ?? 0) / 1000, 0);
      totalMs[name] = (totalMs[name] ?? 0) + dur;
      selfMs[name] = (selfMs[name] ?? 0) + dur - childMs;
      node.children.forEach(walk);
    };
    (thread.tree?.roots ?? []).forEach(walk);
    threads.push({pid, tid, name: thread.name ?? null, entries: thread.entries.length, selfMs, totalMs});
  }
}
console.log(JSON.stringify({threads, bounds: data.Meta.traceBounds}));
