import fc from 'fast-check';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { PlainText } from './plain-text.tsx';

const render = (text: string) => renderToString(<PlainText text={text} />);

describe('letter text', () => {
  it('R7: blank lines make separate paragraphs, single newlines line breaks', () => {
    expect(render('Beste mevrouw,\n\nRegel een\nRegel twee\r\n\r\nGroet')).toBe(
      '<p class="utrecht-paragraph">Beste mevrouw,</p><p class="utrecht-paragraph">Regel een<br/>Regel twee</p><p class="utrecht-paragraph">Groet</p>',
    );
  });

  it('R7: an https address becomes a link without the sentence punctuation after it', () => {
    expect(render('Kijk op https://www.duo.nl/aanvraag?id=1&x=2. Dank.')).toBe(
      '<p class="utrecht-paragraph">Kijk op <a class="utrecht-link" href="https://www.duo.nl/aanvraag?id=1&amp;x=2" rel="external noopener noreferrer">https://www.duo.nl/aanvraag?id=1&amp;x=2</a>. Dank.</p>',
    );
  });

  it('R7: other schemes and markup stay inert text', () => {
    const html = render('http://onveilig.example javascript:alert(1) <script>alert(1)</script> <b onclick="x">x</b>');
    expect(html).not.toContain('<a');
    expect(html).not.toContain('<b');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script>');
  });

  it('R7: whatever the text, every link is an https address from the text and nothing else becomes markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '<', '>', '"', "'", '&', ':', '/', '.', 'h', 't', 'p', 's', 'https://', 'javascript:') }), (text) => {
        const html = render(text);
        const tags = [...html.matchAll(/<(\/?)([a-z]+)/g)].map((match) => match[2]);
        expect(tags.every((tag) => tag === 'p' || tag === 'br' || tag === 'a')).toBe(true);
        for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
      }),
    );
  });
});
