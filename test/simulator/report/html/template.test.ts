import { html, joinHtml, raw } from '../../../../simulator/report/html/template';

describe('the html tagged template', () => {
  test('escapes every interpolated string, in content and in attributes', () => {
    const v = `<b a="1" b='2'>&</b>`;
    expect(html`<p title="${v}">${v}</p>`.toString()).toBe('<p title="&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;">&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;</p>');
  });

  test('inserts markup built by html or marked raw as is, and escapes lists item by item', () => {
    const inner = html`<em>${'a<b'}</em>`;
    expect(html`<p>${inner} ${raw('<svg></svg>')}</p>`.toString()).toBe('<p><em>a&lt;b</em> <svg></svg></p>');
    expect(html`<ul>${['<x>', html`<li>y</li>`]}</ul>`.toString()).toBe('<ul>&lt;x&gt;<li>y</li></ul>');
  });

  test('renders numbers as text and null, undefined and false as nothing', () => {
    expect(html`${1.5}|${0}|${null}|${undefined}|${false}`.toString()).toBe('1.5|0|||');
  });

  test('a string that only looks like Html is escaped', () => {
    const forged = { toString: () => '<script>' } as unknown as string;
    expect(html`${forged}`.toString()).toBe('&lt;script&gt;');
  });

  test('joinHtml escapes strings and keeps markup, with the separator between', () => {
    expect(joinHtml(['<a>', html`<b>`], ', ').toString()).toBe('&lt;a&gt;, <b>');
  });
});
