import type { PresenceMember } from "@/lib/chat/types";

function sentence(names: string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return "Several people are typing…";
}

/** "Ann is typing…" — always takes its line, so the conversation does not jump when it shows. */
export function TypingIndicator({ typing }: { typing: PresenceMember[] }) {
  return (
    <div className="h-6 px-4 text-xs text-slate-500" aria-live="polite" data-testid="typing">
      {typing.length > 0 && (
        <span className="inline-flex items-center gap-2">
          <span className="inline-flex gap-0.5" aria-hidden="true">
            {[0, 150, 300].map((delay) => (
              <span
                key={delay}
                className="h-1.5 w-1.5 rounded-full bg-slate-400 motion-safe:animate-bounce"
                style={{ animationDelay: `${delay}ms` }}
              />
            ))}
          </span>
          {sentence(typing.map((member) => member.name))}
        </span>
      )}
    </div>
  );
}
