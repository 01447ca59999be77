"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/", label: "Chat" },
  { href: "/documents", label: "Library" },
];

/** Top navigation; marks the current section for screen readers with aria-current. */
export function SiteNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="ml-auto">
      <ul className="flex items-center gap-1 text-sm">
        {links.map((link) => {
          // A conversation's own address (/c/<id>) is still the chat.
          const current = link.href === "/" ? pathname === "/" || pathname.startsWith("/c/") : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 font-medium transition-colors ${
                  current
                    ? "bg-stone-200 text-stone-900 dark:bg-stone-800 dark:text-stone-50"
                    : "text-stone-600 hover:bg-stone-100 hover:text-stone-900 dark:text-stone-300 dark:hover:bg-stone-900 dark:hover:text-stone-50"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
