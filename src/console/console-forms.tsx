import type { Translate } from '../platform/i18n.ts';

/** A refused form: the field it concerns and the message, for the error summary and the field. */
export interface FieldError {
  field: string;
  text: string;
}

/** The error summary at the top of a refused form, linking to the field (WCAG 3.3.1). */
export function ErrorSummary(props: { t: Translate; error: FieldError | null }) {
  if (!props.error) return null;
  return (
    <div class="bp-error-summary" role="alert" aria-labelledby="foutmelding" data-testid="error-summary">
      <h2 class="utrecht-heading-2" id="foutmelding">
        {props.t('error.summary')}
      </h2>
      <ul class="utrecht-unordered-list">
        <li>
          <a href={`#${props.error.field}`}>{props.error.text}</a>
        </li>
      </ul>
    </div>
  );
}

export function Notice(props: { text: string | null; kind?: 'ok' | 'error' }) {
  if (!props.text) return null;
  const kind = props.kind ?? 'ok';
  return (
    <p class={`bp-notice bp-notice--${kind} utrecht-paragraph`} role={kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {props.text}
    </p>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  value?: string | null;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'password';
  autocomplete?: string;
  error: FieldError | null;
  inputmode?: 'numeric';
}) {
  const error = props.error?.field === props.name ? props.error.text : null;
  const describedBy = [props.hint ? `${props.name}-hint` : null, error ? `${props.name}-error` : null].filter(Boolean).join(' ');
  return (
    <div class="bp-field">
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="bp-hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="bp-error" id={`${props.name}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={props.name}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.type === 'password' ? '' : (props.value ?? '')}
        autocomplete={props.autocomplete ?? 'off'}
        inputmode={props.inputmode}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

/** Checkboxes under one legend; `id` is where the error summary links to (the first box). */
export function Checkboxes(props: { name: string; legend: string; options: { value: string; label: string }[]; checked: readonly string[]; error: FieldError | null }) {
  const error = props.error?.field === props.name ? props.error.text : null;
  return (
    <fieldset class="bp-choices" aria-describedby={error ? `${props.name}-error` : undefined}>
      <legend>{props.legend}</legend>
      {error ? (
        <p class="bp-error" id={`${props.name}-error`}>
          {error}
        </p>
      ) : null}
      {props.options.map((option, index) => (
        <label class="bp-choice">
          <input type="checkbox" name={props.name} value={option.value} id={index === 0 ? props.name : undefined} checked={props.checked.includes(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** One checkbox with its own label (a yes/no flag). */
export function Flag(props: { name: string; label: string; checked: boolean }) {
  return (
    <p class="bp-choice">
      <input type="checkbox" name={props.name} id={props.name} value="ja" checked={props.checked} />
      <label for={props.name}>{props.label}</label>
    </p>
  );
}

/** A form field's values: a string, or the list of a repeated name (checkboxes). */
export function fieldText(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function fieldList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function fieldFlag(body: unknown, name: string): boolean {
  return fieldText(body, name) === 'ja';
}
