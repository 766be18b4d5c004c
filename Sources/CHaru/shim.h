#include <hpdf.h>
#include <stdio.h>
#include <string.h>

/*
 * libharu (2.3.0) gives fonts obtained with the "UTF-8" encoder a /ToUnicode stream that is not a valid
 * ToUnicode CMap (it is the encoding CMap, with a "begincidrange" mapping every code to 0), so text
 * extraction and copy-paste must guess. With that encoder the codes in content streams are the UTF-16
 * code units themselves (CID = Unicode value, CIDToGIDMap does the rest), so the right ToUnicode is the
 * identity on two-byte codes. This rewrites the stream in place when it is libharu's UTF-8 one.
 * Returns HPDF_OK when nothing needs fixing.
 */
static inline HPDF_STATUS relance_fix_utf8_to_unicode(HPDF_Font font) {
    if (font == NULL) return HPDF_INVALID_FONT;
    HPDF_Dict cmap = (HPDF_Dict)HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (cmap == NULL || cmap->stream == NULL) return HPDF_OK;
    HPDF_Name name = (HPDF_Name)HPDF_Dict_GetItem(cmap, "CMapName", HPDF_OCLASS_NAME);
    if (name == NULL || strcmp(HPDF_Name_GetValue(name), "UTF-8") != 0) return HPDF_OK;

    HPDF_Stream stream = cmap->stream;
    HPDF_MemStream_FreeData(stream);
    HPDF_STATUS status = HPDF_Stream_WriteStr(stream,
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* One range per high byte, surrogates excluded, at most 100 ranges per block. */
    char line[64];
    int ranges[256], count = 0;
    for (int high = 0; high < 256; high++) {
        if (high >= 0xD8 && high <= 0xDF) continue;
        ranges[count++] = high;
    }
    for (int start = 0; start < count && status == HPDF_OK; start += 100) {
        int block = count - start < 100 ? count - start : 100;
        snprintf(line, sizeof line, "%d beginbfrange\n", block);
        status = HPDF_Stream_WriteStr(stream, line);
        for (int i = start; i < start + block && status == HPDF_OK; i++) {
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", ranges[i], ranges[i], ranges[i]);
            status = HPDF_Stream_WriteStr(stream, line);
        }
        if (status == HPDF_OK) status = HPDF_Stream_WriteStr(stream, "endbfrange\n");
    }
    if (status == HPDF_OK) {
        status = HPDF_Stream_WriteStr(stream,
            "endcmap\n"
            "CMapName currentdict /CMap defineresource pop\n"
            "end\n"
            "end\n");
    }
    if (status != HPDF_OK) return status;
    /* The stream dictionary described the encoding CMap; a ToUnicode stream needs none of it. */
    HPDF_Dict_RemoveElement(cmap, "CMapName");
    HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(cmap, "WMode");
    HPDF_Dict_RemoveElement(cmap, "Type");
    return HPDF_OK;
}
