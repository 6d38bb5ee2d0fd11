import pulumi

from acme_lib.refs import database_ref

# acme_lib is a package of the repository that requirements.txt installs with `-e ../../pylib`.
db = database_ref(pulumi.get_stack())
