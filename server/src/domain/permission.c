/* Permission rules. */
#include "permission.h"

bool permission_allows(enum permission perm, const struct principal *who)
{
    switch (perm) {
    case PERM_PUBLIC:
        return true;
    case PERM_AUTHENTICATED:
        return who != 0;
    case PERM_ADMIN:
        return who && who->role == ROLE_ADMIN;
    }
    return false;
}
