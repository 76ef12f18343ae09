// libpq, PostgreSQL's C client library (Debian's libpq-dev, PostgreSQL 15): connections,
// queries, COPY in both directions, connection-string parsing (to mask passwords).
#include <libpq-fe.h>
