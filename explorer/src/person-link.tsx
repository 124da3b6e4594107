import type { ComponentChildren } from 'preact';
import { personHref } from './view-state.js';

interface PersonLinkProps {
  contactKey: string;
  children: ComponentChildren;
  /** -1 inside a table row: the row is the one tab stop, and its drawer holds the keyboard's way to the person. */
  tabIndex?: number;
}

/**
 * A link to everything with one person. It is a real link (open it in a new tab, copy it);
 * a plain click moves within the page, and never also opens the row it sits in.
 */
export function PersonLink({ contactKey, children, tabIndex }: PersonLinkProps) {
  const href = personHref(contactKey);
  const follow = (event: MouseEvent) => {
    event.stopPropagation();
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    history.pushState(null, '', href);
    // The page follows the URL on popstate (main.tsx), as it does on Back.
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  return (
    <a class="person-link" href={href} data-contact-key={contactKey} title="Everything with this person, across agents" tabIndex={tabIndex} onClick={follow}>
      {children}
    </a>
  );
}
