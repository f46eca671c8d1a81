"""An exported HTML page as PDF through WeasyPrint, on the page's own print CSS (A4, pages numbered by @page counters).

WeasyPrint is imported only here, when a PDF is asked for, so that no other command pays for loading it; it fetches
nothing (every resource is refused), so a page can never make it read a file or the network.
"""

from __future__ import annotations

import warnings


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or the libraries it needs (Pango) are not installed: the words say what to install."""


def html_to_pdf(html: str) -> bytes:
    """The PDF of a standalone HTML document (Danish letters in embedded fonts, the page CSS's footers)."""
    try:
        with warnings.catch_warnings():  # "HarfBuzz-Subset will be required by future versions": fonts embed whole now
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint
    except (ImportError, OSError) as error:  # OSError: WeasyPrint is there but Pango is not
        raise PdfUnavailableError(f"PDF needs WeasyPrint and Pango (libpango-1.0-0, libpangoft2-1.0-0): {error}") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
