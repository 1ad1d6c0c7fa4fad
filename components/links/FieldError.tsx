// The server's message about one field (or the whole form), under what it is about. Tests
// and screen readers find it by its role and data-field.

export function FieldError({ id, field, message }: { id?: string; field: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1.5 text-sm text-rose-600" data-testid="field-error" data-field={field}>
      {message}
    </p>
  );
}
