"""Arabic number formats as Salé's residents read them: Django's, with amounts grouped by
thousands (154 550 000 MAD, not 154550000), as the commune's budget documents print them."""

from django.conf.locale.ar.formats import *  # noqa: F403

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "\u202f"  # a narrow no-break space, as in French
