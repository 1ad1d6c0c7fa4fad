import Link from "next/link";

export default function RoomNotFound() {
  return (
    <div className="mx-auto max-w-md px-6 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">No such room</h1>
      <p className="mt-2 text-slate-600">It may have a different address, or it was never made.</p>
      <Link
        href="/chat"
        className="mt-6 inline-flex rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
      >
        See all rooms
      </Link>
    </div>
  );
}
