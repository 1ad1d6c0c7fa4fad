import type { Metadata } from "next";
import { HealthStatus } from "@/components/HealthStatus";

export const metadata: Metadata = {
  title: "System status",
  description: "Whether LiveKV's Redis is reachable, keyspace notifications are on and the watch hub is connected.",
};

export default function StatusPage() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-12 sm:px-6 sm:py-16">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">System status</h1>
      <p className="mt-3 text-base leading-7 text-pretty text-slate-600">
        What the live pages depend on, checked every five seconds: Redis, its keyspace notifications
        (how LiveKV learns that a key changed) and this server&apos;s watch hub. The same figures are
        served as JSON at <code className="font-mono text-[0.9em] text-slate-800">/api/health</code>.
      </p>
      <div className="mt-8">
        <HealthStatus />
      </div>
    </div>
  );
}
