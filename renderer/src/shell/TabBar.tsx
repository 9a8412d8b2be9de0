/**
 * The tab strip (WAI-ARIA tabs pattern: arrow keys move between tabs). Disabled tabs stay focusable
 * so keyboard and screen-reader users can read why they are disabled.
 */
import { useRef, type KeyboardEvent } from 'react';
import type { TabDef, TabId } from './tabs.js';

export function TabBar({
  tabs,
  active,
  onSelect,
}: {
  tabs: readonly TabDef[];
  active: TabId;
  onSelect: (id: TabId) => void;
}) {
  const refs = useRef(new Map<TabId, HTMLButtonElement>());

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const idx = tabs.findIndex((t) => t.id === (document.activeElement as HTMLElement | null)?.dataset.tab);
    if (idx < 0) return;
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    let target: number | null = step ? (idx + step + tabs.length) % tabs.length : null;
    if (e.key === 'Home') target = 0;
    if (e.key === 'End') target = tabs.length - 1;
    if (target === null) return;
    e.preventDefault();
    refs.current.get(tabs[target]!.id)?.focus();
  };

  return (
    <nav className="tab-bar" aria-label="Station views">
      <div role="tablist" aria-label="Station views" onKeyDown={onKeyDown}>
        {tabs.map((t) => {
          const selected = t.id === active;
          const disabled = t.comingWith !== null;
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) refs.current.set(t.id, el);
                else refs.current.delete(t.id);
              }}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              data-tab={t.id}
              data-testid={`tab-${t.id}`}
              aria-selected={selected}
              aria-controls={selected ? `panel-${t.id}` : undefined}
              aria-disabled={disabled || undefined}
              aria-describedby={disabled ? `tab-${t.id}-why` : undefined}
              tabIndex={selected ? 0 : -1}
              className={`tab${selected ? ' tab--active' : ''}${disabled ? ' tab--disabled' : ''}`}
              data-tooltip={t.comingWith ?? undefined}
              onClick={() => {
                if (!disabled) onSelect(t.id);
              }}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      {tabs
        .filter((t) => t.comingWith !== null)
        .map((t) => (
          <span key={t.id} id={`tab-${t.id}-why`} className="visually-hidden">
            Not available yet. {t.comingWith}
          </span>
        ))}
    </nav>
  );
}
