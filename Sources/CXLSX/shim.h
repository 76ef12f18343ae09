// Debian's libxlsxwriter-dev (1.1): the XLSX workbook writer behind results.xlsx.
#include <xlsxwriter.h>
