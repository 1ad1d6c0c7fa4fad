import type { PresenceMember } from "@/lib/chat/types";
import { Avatar } from "@/components/ui/Avatar";

/** Who is here: a sidebar on wide screens. */
export function PresencePanel({ online, members, you }: { online: number; members: PresenceMember[]; you: string | null }) {
  return (
    <section aria-labelledby="presence-title" className="flex h-full flex-col">
      <h2 id="presence-title" className="flex items-center justify-between px-4 pt-4 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
        Here now
        <span data-testid="online-count" className="rounded-full bg-emerald-50 px-2 py-0.5 text-[0.6875rem] font-semibold text-emerald-700 normal-case">
          {online} online
        </span>
      </h2>
      <ul data-testid="presence-list" className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        {members.map((member) => (
          <li key={member.memberId} className="flex items-center gap-2.5 rounded-lg px-2 py-1.5 text-sm text-slate-700">
            <span className="relative">
              <Avatar colourKey={member.memberId} palette="member" name={member.name} size="xs" />
              <span className="absolute -right-0.5 -bottom-0.5 h-2.5 w-2.5 rounded-full bg-emerald-500 ring-2 ring-white" aria-hidden="true" />
            </span>
            <bdi className="truncate" data-testid="presence-name">
              {member.name}
            </bdi>
            {member.memberId === you && <span className="text-xs text-slate-400">(you)</span>}
          </li>
        ))}
        {online > members.length && (
          <li className="px-2 py-1.5 text-xs text-slate-400">and {(online - members.length).toLocaleString("en-US")} more</li>
        )}
      </ul>
    </section>
  );
}

/** Who is here, compactly: overlapping avatars and a count, for the room's header. */
export function PresenceStack({ online, members }: { online: number; members: PresenceMember[] }) {
  const shown = members.slice(0, 4);
  return (
    <span className="inline-flex items-center gap-2" data-testid="presence-stack">
      <span className="flex -space-x-2">
        {shown.map((member) => (
          <span key={member.memberId} title={member.name}>
            <Avatar colourKey={member.memberId} palette="member" name={member.name} size="xs" ring />
          </span>
        ))}
      </span>
      <span className="text-xs font-medium whitespace-nowrap text-slate-500">{online} online</span>
    </span>
  );
}
