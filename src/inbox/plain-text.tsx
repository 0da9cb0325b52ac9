/**
 * Plain text as paragraphs and line breaks. Nothing in it is interpreted: no HTML, no links;
 * preact escapes every character that could start markup.
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
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}
