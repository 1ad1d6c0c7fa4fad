// scripts/kv-history: a Jepsen-style test of lib/kv. Clients record every operation they invoke
// (record.ts, workload.ts) while a nemesis breaks Redis (nemesis.ts); the checkers then decide
// whether each key's history is linearizable (linearizable.ts, over model.ts) and whether each
// counter holds exactly its increments (counters.ts). run.ts puts it together.

export { runHistoryTest, type HistoryRunOptions, type HistoryReport } from "./run";
export { checkLinearizability, type KeyVerdict } from "./linearizable";
export { checkCounter, type CounterVerdict } from "./counters";
export { FAULT_KINDS, Nemesis, type FaultKind } from "./nemesis";
export { History, describeOperation, type Operation, type Outcome, type Call } from "./record";
