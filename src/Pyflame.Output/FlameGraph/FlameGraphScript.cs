namespace Pyflame.Output.FlameGraph;

/// <summary>
/// The style and script embedded in every flame graph (SVG file and HTML report alike). Written for
/// Pyflame; no external resources. The script finds its elements by <c>pf-</c> ids, so it works both
/// as a standalone SVG document and inline in an HTML page.
/// </summary>
internal static class FlameGraphScript
{
    public const string Css = """
        .pf text { font-family: monospace; font-size: 12px; fill: #000; }
        .pf .pf-title { font-size: 17px; font-family: sans-serif; }
        .pf .pf-subtitle { fill: #555; font-family: sans-serif; }
        .pf .pf-details { fill: #333; }
        .pf .pf-matched { fill: #a0a; }
        .pf .pf-button { fill: #3060c0; cursor: pointer; text-decoration: underline; }
        .pf g.f { cursor: pointer; }
        .pf g.f text { pointer-events: none; }
        .pf g.f:hover rect { stroke: #000; stroke-width: 0.6; }
        .pf g.parent rect { opacity: 0.55; }
        .pf .hide { display: none; }
        .pf input { width: 232px; height: 18px; font: 12px monospace; }
        """;

    public const string Script = """
        (() => {
          'use strict';
          const svg = document.getElementById('pf-svg');
          const framesGroup = document.getElementById('pf-frames');
          const details = document.getElementById('pf-details');
          const unzoom = document.getElementById('pf-unzoom');
          const searchBox = document.getElementById('pf-search');
          const matched = document.getElementById('pf-matched');
          const width = Number(svg.getAttribute('data-width'));
          const pad = Number(svg.getAttribute('data-pad'));
          const charWidth = Number(svg.getAttribute('data-char-width'));
          const searchFill = 'rgb(230,0,230)';
          const items = Array.from(framesGroup.querySelectorAll('g.f'), (g) => {
            const rect = g.querySelector('rect');
            return {
              g, rect, text: g.querySelector('text'),
              x: Number(g.getAttribute('data-x')), w: Number(g.getAttribute('data-w')), d: Number(g.getAttribute('data-d')),
              name: g.getAttribute('data-n') || '', where: g.getAttribute('data-f') || '',
              info: g.querySelector('title').textContent, fill: rect.getAttribute('fill'),
            };
          });
          const byElement = new Map(items.map((it) => [it.g, it]));
          const root = items[0];
          const total = Math.max(root.w, 1);
          let zoomed = root;
          let term = '';

          const fit = (label, pixels) => {
            const chars = Math.floor((pixels - 6) / charWidth);
            if (chars < 3) return '';
            return label.length <= chars ? label : label.slice(0, chars - 2) + '..';
          };

          // Zoomed box fills the width; its ancestors span it, faded; boxes outside it are hidden.
          function layout() {
            const scale = (width - 2 * pad) / Math.max(zoomed.w, 1);
            for (const it of items) {
              const ancestor = it.d < zoomed.d && it.x <= zoomed.x && it.x + it.w >= zoomed.x + zoomed.w;
              const inside = it.d >= zoomed.d && it.x >= zoomed.x && it.x + it.w <= zoomed.x + zoomed.w;
              const shown = ancestor || inside;
              it.g.classList.toggle('hide', !shown);
              it.g.classList.toggle('parent', ancestor);
              if (!shown) continue;
              const left = ancestor ? pad : pad + (it.x - zoomed.x) * scale;
              const pixels = ancestor ? width - 2 * pad : it.w * scale;
              it.rect.setAttribute('x', left.toFixed(2));
              it.rect.setAttribute('width', Math.max(pixels - 0.5, 0.1).toFixed(2));
              it.text.setAttribute('x', (left + 3).toFixed(2));
              it.text.textContent = fit(it.name, pixels);
            }
            unzoom.classList.toggle('hide', zoomed === root);
          }

          function zoom(it) {
            zoomed = it;
            layout();
          }

          // Highlights boxes whose function or file matches; the share counts overlapping (nested) matches once.
          function search(text) {
            term = text;
            let re = null;
            if (text) {
              try { re = new RegExp(text, 'i'); } catch (e) { re = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'); }
            }
            const hits = [];
            for (const it of items) {
              const hit = re !== null && it !== root && (re.test(it.name) || re.test(it.where));
              it.rect.setAttribute('fill', hit ? searchFill : it.fill);
              it.g.classList.toggle('match', hit);
              if (hit) hits.push(it);
            }
            hits.sort((a, b) => a.x - b.x);
            let covered = 0;
            let end = -Infinity;
            for (const h of hits) {
              const stop = h.x + h.w;
              if (stop <= end) continue;
              covered += stop - Math.max(h.x, end);
              end = stop;
            }
            matched.textContent = re === null ? ''
              : 'Matched: ' + (100 * covered / total).toFixed(1) + '% (' + covered + ' of ' + total + ' samples)';
          }

          framesGroup.addEventListener('mouseover', (e) => {
            const g = e.target.closest('g.f');
            if (g) details.textContent = byElement.get(g).info;
          });
          framesGroup.addEventListener('mouseout', () => { details.textContent = ' '; });
          framesGroup.addEventListener('click', (e) => {
            const g = e.target.closest('g.f');
            if (g) zoom(byElement.get(g));
          });
          unzoom.addEventListener('click', () => zoom(root));
          searchBox.addEventListener('input', () => search(searchBox.value));
          document.addEventListener('keydown', (e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
              e.preventDefault();
              searchBox.focus();
              searchBox.select();
            } else if (e.key === 'Escape') {
              searchBox.value = '';
              search('');
            }
          });
          const initial = new URLSearchParams(window.location.search).get('s');
          if (initial) searchBox.value = initial;
          layout();
          search(searchBox.value);
        })();

        """;
}
