"""runjob, syncjobs and syncrepo."""
