/*
 * TEST ONLY, never shipped. A PKCS#11 module that forwards every call to SoftHSM, shows the
 * browser one token (label in KEYBOUND_FORWARD_TOKEN_LABEL) and logs that token in itself, with
 * the PIN in KEYBOUND_FORWARD_PIN, when a session opens. A headless browser cannot show NSS's PIN
 * dialog and would wait for it forever; with CKF_LOGIN_REQUIRED cleared, NSS asks for no PIN and
 * finds the private (CKA_PRIVATE) key because the token is already logged in. After one refused
 * PIN it never tries again, so a wrong PIN cannot lock the token.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR real;
static CK_FUNCTION_LIST ours;
static int pin_refused;

static int shown(CK_SLOT_ID slot) {
    const char *label = getenv("KEYBOUND_FORWARD_TOKEN_LABEL");
    CK_TOKEN_INFO info;
    if (label == NULL || real->C_GetTokenInfo(slot, &info) != CKR_OK) {
        return 0;
    }
    size_t length = strlen(label);
    if (length > sizeof info.label || memcmp(info.label, label, length) != 0) {
        return 0;
    }
    for (size_t i = length; i < sizeof info.label; i++) {
        if (info.label[i] != ' ') {
            return 0;
        }
    }
    return 1;
}

static CK_RV slot_list(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
    (void) present;
    CK_ULONG all = 0;
    CK_RV rv = real->C_GetSlotList(CK_TRUE, NULL, &all);
    if (rv != CKR_OK) {
        return rv;
    }
    CK_SLOT_ID *slots = calloc(all + 1, sizeof *slots);
    if (slots == NULL) {
        return CKR_HOST_MEMORY;
    }
    rv = real->C_GetSlotList(CK_TRUE, slots, &all);
    CK_ULONG found = 0;
    CK_SLOT_ID mine = 0;
    for (CK_ULONG i = 0; rv == CKR_OK && i < all && !found; i++) {
        if (shown(slots[i])) {
            mine = slots[i];
            found = 1;
        }
    }
    free(slots);
    if (rv != CKR_OK) {
        return rv;
    }
    if (list != NULL) {
        if (*count < found) {
            *count = found;
            return CKR_BUFFER_TOO_SMALL;
        }
        if (found) {
            list[0] = mine;
        }
    }
    *count = found;
    return CKR_OK;
}

static CK_RV token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
    CK_RV rv = real->C_GetTokenInfo(slot, info);
    if (rv == CKR_OK) {
        info->flags &= ~(CK_FLAGS) CKF_LOGIN_REQUIRED;
    }
    return rv;
}

static CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR application, CK_NOTIFY notify,
                          CK_SESSION_HANDLE_PTR session) {
    CK_RV rv = real->C_OpenSession(slot, flags, application, notify, session);
    const char *pin = getenv("KEYBOUND_FORWARD_PIN");
    if (rv != CKR_OK || pin == NULL || pin_refused) {
        return rv;
    }
    CK_RV login = real->C_Login(*session, CKU_USER, (CK_UTF8CHAR_PTR) pin, (CK_ULONG) strlen(pin));
    if (login == CKR_PIN_INCORRECT || login == CKR_PIN_LOCKED || login == CKR_PIN_LEN_RANGE) {
        pin_refused = 1;
    }
    return rv;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
    if (real == NULL) {
        const char *path = getenv("KEYBOUND_FORWARD_MODULE");
        void *library = dlopen(path != NULL ? path : "/usr/lib/softhsm/libsofthsm2.so", RTLD_NOW | RTLD_LOCAL);
        CK_C_GetFunctionList get = library == NULL ? NULL : (CK_C_GetFunctionList) dlsym(library, "C_GetFunctionList");
        if (get == NULL || get(&real) != CKR_OK) {
            real = NULL;
            return CKR_GENERAL_ERROR;
        }
    }
    ours = *real;
    ours.C_GetFunctionList = C_GetFunctionList;
    ours.C_GetSlotList = slot_list;
    ours.C_GetTokenInfo = token_info;
    ours.C_OpenSession = open_session;
    *list = &ours;
    return CKR_OK;
}
