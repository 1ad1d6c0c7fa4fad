// A logged click as viewers see it: the visitor hash stays on the server (and in exports).

import type { RecentClick } from "../types";

export function withoutVisitor(click: RecentClick): RecentClick {
  const { visitor, ...rest } = click;
  void visitor;
  return rest;
}
