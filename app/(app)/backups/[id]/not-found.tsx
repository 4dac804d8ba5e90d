import Link from "next/link";

export default function BackupNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">No such backup</h1>
      <p className="text-sm text-slate-600">It may have been removed, or the link is mistyped.</p>
      <Link href="/backups" className="text-sm text-sky-700 hover:underline">
        All backups
      </Link>
    </div>
  );
}
