/** An https address in running text; trailing punctuation belongs to the sentence, not the link. */
const HTTPS_URL = /https:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** One line of text with its https addresses as links; everything else stays inert text. */
function Line(props: { text: string }) {
  const parts: (string | { url: string })[] = [];
  let last = 0;
  for (const match of props.text.matchAll(HTTPS_URL)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    if (start > last) parts.push(props.text.slice(last, start));
    parts.push({ url });
    last = start + url.length;
  }
  if (last < props.text.length) parts.push(props.text.slice(last));
  return (
    <>
      {parts.map((part) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a class="utrecht-link" href={part.url} rel="external noopener noreferrer">
            {part.url}
          </a>
        ),
      )}
    </>
  );
}

/**
 * Plain text as spaced paragraphs and line breaks. Only `https://` addresses become links (they
 * wrap on narrow screens); nothing else is interpreted: no HTML, no other schemes, and preact
 * escapes every character that could start markup.
 */
export function PlainText(props: { text: string }) {
  const paragraphs = props.text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/).filter((paragraph) => paragraph.trim() !== '');
  return (
    <>
      {paragraphs.map((paragraph) => (
        <p class="utrecht-paragraph">
          {paragraph.split('\n').map((line, index) => (
            <>
              {index > 0 ? <br /> : null}
              <Line text={line} />
            </>
          ))}
        </p>
      ))}
    </>
  );
}
